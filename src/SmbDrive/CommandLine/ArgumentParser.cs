namespace SmbDrive.CommandLine;

/// <summary>A small parser for <c>smbdrive COMMAND [options] OPERANDS</c>: options may come before or after the
/// operands, as <c>--key value</c> or <c>--key=value</c>; <c>-v</c>, <c>-h</c> short forms; <c>--</c> ends the
/// options; a lone <c>-</c> is an operand (standard output). <c>--Section:Key=value</c> (or
/// <c>--Section:Key value</c>) is not interpreted: it goes to the configuration.</summary>
internal static class ArgumentParser
{
    public static ParsedArguments Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        var configuration = new List<string>();
        bool optionsEnded = false;

        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (optionsEnded || arg == "-" || !arg.StartsWith('-'))
            {
                positionals.Add(arg);
            }
            else if (arg == "--")
            {
                optionsEnded = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string body = arg[2..];
                int eq = body.IndexOf('=');
                string name = eq >= 0 ? body[..eq] : body;
                string? inlineValue = eq >= 0 ? body[(eq + 1)..] : null;

                if (name.Contains(':'))
                {
                    string value = inlineValue ?? TakeValue(args, ref i, name);
                    configuration.Add($"--{name}={value}");
                    continue;
                }
                // Only the name is ever quoted back: "--password=secret" must not echo the secret.
                var definition = OptionTable.FindLong(name) ?? throw UnknownOption("--" + name);
                Store(options, definition, inlineValue, args, ref i);
            }
            else
            {
                string name = arg[1..];
                var definition = OptionTable.FindShort(name) ?? throw UnknownOption("-" + name.Split('=')[0]);
                Store(options, definition, null, args, ref i);
            }
        }
        return new ParsedArguments(positionals, options, configuration);
    }

    private static void Store(Dictionary<string, string?> options, OptionDefinition definition, string? inlineValue,
        IReadOnlyList<string> args, ref int i)
    {
        if (!definition.TakesValue)
        {
            if (inlineValue is not null) throw new UsageException($"--{definition.Name} takes no value");
            options[definition.Name] = null;
            return;
        }
        // The last occurrence wins, as with most Unix tools.
        options[definition.Name] = inlineValue ?? TakeValue(args, ref i, definition.Name);
    }

    private static string TakeValue(IReadOnlyList<string> args, ref int i, string name)
    {
        if (i + 1 >= args.Count) throw new UsageException($"--{name} needs a value");
        i++;
        return args[i];
    }

    private static UsageException UnknownOption(string name) => name == "--password"
        ? new UsageException("there is no --password option (it would show in the process list): use SMBDRIVE_PASSWORD, --credentials FILE, --password-stdin or the prompt")
        : new UsageException($"unknown option {name}");
}
