namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary><paramref name="CallbackStatus"/> is what ReadFile returned; <paramref name="Status"/> what the caller sees.</summary>
public readonly record struct ReadResult(int CallbackStatus, int Status, byte[] Data);
