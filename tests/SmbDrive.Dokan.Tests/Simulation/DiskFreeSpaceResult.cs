namespace SmbDrive.Dokan.Tests.Simulation;

/// <summary>What GetDiskFreeSpace wrote.</summary>
public readonly record struct DiskFreeSpaceResult(int Status, ulong FreeBytesAvailable, ulong TotalBytes, ulong TotalFreeBytes);
