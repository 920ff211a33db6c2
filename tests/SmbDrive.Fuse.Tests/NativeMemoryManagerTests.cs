using System.Runtime.InteropServices;

namespace SmbDrive.Fuse.Tests;

[TestFixture]
public sealed unsafe class NativeMemoryManagerTests
{
    [Test]
    public void Memory_Writes_LandInTheNativeBuffer()
    {
        byte* native = (byte*)NativeMemory.AllocZeroed(16);
        try
        {
            var manager = new NativeMemoryManager(native, 16);

            manager.Memory[4..].Span[0] = 0xAB;
            "xyz"u8.CopyTo(manager.Memory.Span[8..]);

            Assert.Multiple(() =>
            {
                Assert.That(native[4], Is.EqualTo(0xAB));
                Assert.That(new ReadOnlySpan<byte>(native + 8, 3).ToArray(), Is.EqualTo("xyz"u8.ToArray()));
                Assert.That(manager.Memory.Length, Is.EqualTo(16));
            });
        }
        finally
        {
            NativeMemory.Free(native);
        }
    }

    [Test]
    public void Pin_ReturnsThePointerAtTheIndex()
    {
        byte* native = (byte*)NativeMemory.AllocZeroed(8);
        try
        {
            var manager = new NativeMemoryManager(native, 8);

            using var pinned = manager.Memory[3..].Pin();

            Assert.That((nint)pinned.Pointer, Is.EqualTo((nint)(native + 3)));
        }
        finally
        {
            NativeMemory.Free(native);
        }
    }

    [Test]
    public void Invalidate_MemoryHandedOutEarlier_ThrowsInsteadOfTouchingTheBuffer()
    {
        byte* native = (byte*)NativeMemory.AllocZeroed(8);
        try
        {
            var manager = new NativeMemoryManager(native, 8);
            var memory = manager.Memory;

            manager.Invalidate();

            Assert.Throws<ObjectDisposedException>(() => memory.Span[0] = 1);
            Assert.That(native[0], Is.Zero);
        }
        finally
        {
            NativeMemory.Free(native);
        }
    }
}
