namespace SmbDrive.Vfs.Tests.Fakes;

public enum FakeOperationKind
{
    Connect,
    Open,
    GetInfo,
    List,
    Volume,
    Echo,
    Read,
    QueryInfo,
    Close,
}

/// <summary>One request reaching the fake server, as its interceptor sees it.</summary>
public sealed record FakeOperation(FakeOperationKind Kind, string Path, long Offset = 0, int Length = 0, long RemainingHint = 0);
