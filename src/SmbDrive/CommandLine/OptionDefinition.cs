namespace SmbDrive.CommandLine;

/// <summary>One option the parser knows: <c>--name</c> (or <c>-s</c>), a flag or an option with a value.</summary>
internal sealed record OptionDefinition(string Name, bool TakesValue, OptionScope Scope, string Help,
    string? ShortName = null, string? ValueName = null);
