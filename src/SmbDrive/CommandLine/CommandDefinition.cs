namespace SmbDrive.CommandLine;

/// <summary>A command's name, how many operands it takes, which options it accepts and its usage line.</summary>
internal sealed record CommandDefinition(string Name, int MinOperands, int MaxOperands, OptionScope Scopes,
    string Synopsis, string Summary)
{
    /// <summary>Throws a <see cref="UsageException"/> when the operands or options do not fit this command.</summary>
    public void Validate(ParsedArguments args)
    {
        int count = args.Operands.Count;
        if (count < MinOperands || count > MaxOperands)
            throw new UsageException($"usage: smbdrive {Synopsis}");
        foreach (string name in args.OptionNames)
        {
            var option = OptionTable.FindLong(name)!;
            if ((option.Scope & Scopes) == 0)
                throw new UsageException($"{Name} does not take --{name}");
        }
    }
}
