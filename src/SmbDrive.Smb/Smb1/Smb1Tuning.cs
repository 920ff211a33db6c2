namespace SmbDrive.Smb.Smb1;

/// <summary>Knobs of the SMB1 client that are not user settings: test seams that force the fallbacks a real
/// legacy server would trigger (no Unicode, DOS error codes, no pass-through levels, no READ_ANDX, small buffers).</summary>
internal sealed record Smb1Tuning
{
    public static Smb1Tuning Default { get; } = new();

    /// <summary>Use Unicode strings when the server offers CAP_UNICODE; false forces OEM strings.</summary>
    public bool UseUnicode { get; init; } = true;

    /// <summary>Ask for NT status codes when the server offers CAP_STATUS32; false makes it answer with DOS errors.</summary>
    public bool UseNtStatus { get; init; } = true;

    /// <summary>Query the volume with MS-FSCC pass-through levels when the server offers CAP_INFOLEVEL_PASSTHRU.</summary>
    public bool UsePassThroughLevels { get; init; } = true;

    /// <summary>Read with the core SMB_COM_READ from the start, as if the server lacked READ_ANDX.</summary>
    public bool ForceCoreRead { get; init; }

    /// <summary>MaxBufferSize sent in SESSION_SETUP_ANDX: the largest message (other than a large read) the server
    /// may send us. Small values make the server split TRANS2 responses into several parts.</summary>
    public ushort ClientMaxBufferSize { get; init; } = ushort.MaxValue;

    /// <summary>Overrides the READ_ANDX size the client picks.</summary>
    public int? ReadChunk { get; init; }

    /// <summary>Write more than the server's MaxBufferSize per WRITE_ANDX when it offers CAP_LARGE_WRITEX; false
    /// holds writes to the buffer, as a server without the capability (or a signed session) does.</summary>
    public bool UseLargeWrites { get; init; } = true;
}
