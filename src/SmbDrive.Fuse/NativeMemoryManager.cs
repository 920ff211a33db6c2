using System.Buffers;

namespace SmbDrive.Fuse;

/// <summary>A <see cref="Memory{T}"/> over native memory (libfuse's read buffer), so the drive writes straight into
/// the kernel reply without an intermediate array. After <see cref="Invalidate"/> every later access throws
/// instead of touching memory libfuse may already have reused; the callback invalidates it before returning.</summary>
internal sealed unsafe class NativeMemoryManager : MemoryManager<byte>
{
    private byte* _pointer;
    private int _length;

    public NativeMemoryManager(byte* pointer, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (pointer == null && length != 0)
            throw new ArgumentNullException(nameof(pointer));
        _pointer = pointer;
        _length = length;
    }

    public bool IsValid => _pointer != null || _length == 0;

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(!IsValid, this);
        return new Span<byte>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(!IsValid, this);
        if ((uint)elementIndex > (uint)_length)
            throw new ArgumentOutOfRangeException(nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
        // Native memory does not move; nothing to release.
    }

    /// <summary>Cuts the link to the native buffer; any Memory handed out before now fails on use.</summary>
    public void Invalidate()
    {
        _pointer = null;
        _length = -1;
    }

    protected override void Dispose(bool disposing) => Invalidate();
}
