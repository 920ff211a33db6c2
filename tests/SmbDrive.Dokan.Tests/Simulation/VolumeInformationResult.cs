namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>What GetVolumeInformation wrote into the library's buffers.</summary>
public readonly record struct VolumeInformationResult(int Status, string Label, uint SerialNumber, uint MaximumComponentLength,
    FileSystemFeatures Features, string FileSystemName);
