namespace SmbDrive.Vfs;

/// <summary>A status and, on success, a value. Keeps expected failures off the exception path.</summary>
public readonly struct VfsResult<T>
{
    private VfsResult(VfsStatus status, T? value)
    {
        Status = status;
        Value = value;
    }

    public VfsStatus Status { get; }
    public T? Value { get; }
    public bool IsSuccess => Status == VfsStatus.STATUS_SUCCESS;

    public static VfsResult<T> Success(T value) => new(VfsStatus.STATUS_SUCCESS, value);
    public static VfsResult<T> Failure(VfsStatus status) =>
        status == VfsStatus.STATUS_SUCCESS ? throw new ArgumentException("a failure needs an error status") : new(status, default);

    public static implicit operator VfsResult<T>(VfsStatus status) => Failure(status);

    public override string ToString() => IsSuccess ? $"OK {Value}" : Status.ToString();
}
