using System.Globalization;

namespace SmbDrive.CommandLine;

/// <summary>The command line split into positionals, named options and configuration overrides.</summary>
internal sealed class ParsedArguments
{
    private readonly IReadOnlyDictionary<string, string?> _options;

    public ParsedArguments(IReadOnlyList<string> positionals, IReadOnlyDictionary<string, string?> options,
        IReadOnlyList<string> configurationArguments)
    {
        Positionals = positionals;
        _options = options;
        ConfigurationArguments = configurationArguments;
    }

    /// <summary>Arguments that are not options, in order; the first is the command name.</summary>
    public IReadOnlyList<string> Positionals { get; }

    /// <summary><c>--Section:Key=value</c> arguments, normalized to that form, for AddCommandLine.</summary>
    public IReadOnlyList<string> ConfigurationArguments { get; }

    /// <summary>Names of the named options given (long names, without dashes).</summary>
    public IEnumerable<string> OptionNames => _options.Keys;

    public string? Command => Positionals.Count > 0 ? Positionals[0] : null;

    /// <summary>Positionals after the command name.</summary>
    public IReadOnlyList<string> Operands => Positionals.Count > 0 ? Positionals.Skip(1).ToArray() : [];

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Value(string name) => _options.TryGetValue(name, out string? value) ? value : null;

    /// <summary>The value of an integer option, or null when the option is absent.</summary>
    public int? IntValue(string name, int min, int max)
    {
        string? text = Value(name);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
            throw new UsageException($"--{name} expects a number from {min} to {max}, not '{text}'");
        return value;
    }
}
