namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary><paramref name="Entries"/> as the caller sees them ("." and ".." added); <paramref name="Filled"/> as the
/// binding filled them.</summary>
public readonly record struct FindResult(int CallbackStatus, int Status, IReadOnlyList<FindEntry> Entries, IReadOnlyList<FindEntry>? Filled = null);
