using System.Collections.Frozen;

namespace SmbDrive.Smb.Smb1.Protocol;

/// <summary>DOS error classes and codes (MS-CIFS 2.2.2.4) mapped to the NTSTATUS values MS-CIFS lists beside
/// them, for servers (or sessions) that do not use NT status codes.</summary>
internal static class Smb1DosErrors
{
    public const byte ErrDos = 0x01, ErrSrv = 0x02, ErrHrd = 0x03, ErrCmd = 0xFF;

    /// <summary>Samba's convention for a DOS error without an NTSTATUS equivalent (NT_STATUS_DOS):
    /// 0xF1000000 | class &lt;&lt; 16 | code. It keeps the class and code visible in messages.</summary>
    public const uint UnmappedMask = 0xF1000000;

    private static readonly FrozenDictionary<int, NtStatus> Map = new Dictionary<int, NtStatus>
    {
        [Key(ErrDos, 1)] = NtStatus.STATUS_NOT_IMPLEMENTED,          // ERRbadfunc
        [Key(ErrDos, 2)] = NtStatus.STATUS_OBJECT_NAME_NOT_FOUND,    // ERRbadfile
        [Key(ErrDos, 3)] = NtStatus.STATUS_OBJECT_PATH_NOT_FOUND,    // ERRbadpath
        [Key(ErrDos, 4)] = NtStatus.STATUS_TOO_MANY_OPENED_FILES,    // ERRnofids
        [Key(ErrDos, 5)] = NtStatus.STATUS_ACCESS_DENIED,            // ERRnoaccess
        [Key(ErrDos, 6)] = NtStatus.STATUS_INVALID_HANDLE,           // ERRbadfid
        [Key(ErrDos, 8)] = NtStatus.STATUS_NO_MEMORY,                // ERRnomem
        [Key(ErrDos, 13)] = NtStatus.STATUS_DATA_ERROR,              // ERRbaddata
        [Key(ErrDos, 15)] = NtStatus.STATUS_NO_SUCH_DEVICE,          // ERRbaddrive
        [Key(ErrDos, 17)] = NtStatus.STATUS_NOT_SAME_DEVICE,         // ERRdiffdevice
        [Key(ErrDos, 18)] = NtStatus.STATUS_NO_MORE_FILES,           // ERRnofiles
        [Key(ErrDos, 32)] = NtStatus.STATUS_SHARING_VIOLATION,       // ERRbadshare
        [Key(ErrDos, 33)] = NtStatus.STATUS_FILE_LOCK_CONFLICT,      // ERRlock
        [Key(ErrDos, 38)] = NtStatus.STATUS_END_OF_FILE,             // ERReof
        [Key(ErrDos, 50)] = NtStatus.STATUS_NOT_SUPPORTED,           // ERRunsup
        [Key(ErrDos, 65)] = NtStatus.STATUS_NETWORK_ACCESS_DENIED,   // ERRnetaccessdenied
        [Key(ErrDos, 67)] = NtStatus.STATUS_BAD_NETWORK_NAME,        // ERRnosuchshare
        [Key(ErrDos, 80)] = NtStatus.STATUS_OBJECT_NAME_COLLISION,   // ERRfilexists
        [Key(ErrDos, 87)] = NtStatus.STATUS_INVALID_PARAMETER,       // ERRinvalidparam
        [Key(ErrDos, 112)] = NtStatus.STATUS_DISK_FULL,              // ERRdiskfull
        [Key(ErrDos, 123)] = NtStatus.STATUS_OBJECT_NAME_INVALID,    // ERRinvalidname
        [Key(ErrDos, 124)] = NtStatus.STATUS_INVALID_LEVEL,          // ERRunknownlevel
        [Key(ErrDos, 145)] = NtStatus.STATUS_DIRECTORY_NOT_EMPTY,    // ERRdirnotempty
        [Key(ErrDos, 158)] = NtStatus.STATUS_RANGE_NOT_LOCKED,       // ERRnotlocked
        [Key(ErrDos, 183)] = NtStatus.STATUS_OBJECT_NAME_COLLISION,  // ERRalreadyexists
        [Key(ErrDos, 234)] = NtStatus.STATUS_BUFFER_OVERFLOW,        // ERRmoredata
        [Key(ErrDos, 267)] = NtStatus.STATUS_NOT_A_DIRECTORY,        // ERRbaddirectory
        [Key(ErrSrv, 1)] = NtStatus.STATUS_UNSUCCESSFUL,             // ERRerror
        [Key(ErrSrv, 2)] = NtStatus.STATUS_LOGON_FAILURE,            // ERRbadpw
        [Key(ErrSrv, 4)] = NtStatus.STATUS_NETWORK_ACCESS_DENIED,    // ERRaccess
        [Key(ErrSrv, 5)] = NtStatus.STATUS_NETWORK_NAME_DELETED,     // ERRinvtid
        [Key(ErrSrv, 6)] = NtStatus.STATUS_BAD_NETWORK_NAME,         // ERRinvnetname
        [Key(ErrSrv, 88)] = NtStatus.STATUS_IO_TIMEOUT,              // ERRtimeout
        [Key(ErrSrv, 89)] = NtStatus.STATUS_REQUEST_NOT_ACCEPTED,    // ERRnoresource
        [Key(ErrSrv, 91)] = NtStatus.STATUS_USER_SESSION_DELETED,    // ERRbaduid
        [Key(ErrSrv, 2239)] = NtStatus.STATUS_ACCOUNT_DISABLED,      // ERRaccountExpired
        [Key(ErrSrv, 2240)] = NtStatus.STATUS_INVALID_WORKSTATION,   // ERRbadClient
        [Key(ErrSrv, 2241)] = NtStatus.STATUS_INVALID_LOGON_HOURS,   // ERRbadLogonTime
        [Key(ErrSrv, 2242)] = NtStatus.STATUS_PASSWORD_EXPIRED,      // ERRpasswordExpired
        [Key(ErrSrv, 0xFFFF)] = NtStatus.STATUS_NOT_SUPPORTED,       // ERRnosupport
        [Key(ErrHrd, 19)] = NtStatus.STATUS_MEDIA_WRITE_PROTECTED,   // ERRnowrite
        [Key(ErrHrd, 23)] = NtStatus.STATUS_DATA_ERROR,              // ERRdata
        [Key(ErrHrd, 31)] = NtStatus.STATUS_UNSUCCESSFUL,            // ERRgeneral
        [Key(ErrHrd, 32)] = NtStatus.STATUS_SHARING_VIOLATION,       // ERRbadshare
        [Key(ErrHrd, 33)] = NtStatus.STATUS_FILE_LOCK_CONFLICT,      // ERRlock
        [Key(ErrHrd, 39)] = NtStatus.STATUS_DISK_FULL,               // ERRdiskfull
    }.ToFrozenDictionary();

    /// <param name="command">The command answered: a few codes mean something more specific in context.</param>
    public static NtStatus ToNtStatus(byte errorClass, ushort errorCode, Smb1Command command)
    {
        if (errorClass == 0) return NtStatus.STATUS_SUCCESS;
        if (command == Smb1Command.SessionSetupAndX && errorClass == ErrDos)
        {
            // Servers squash every logon failure into ERRDOS/ERRnoaccess (Samba's ntstatus_to_dos), and an
            // unfinished extended-security exchange into ERRDOS/ERRmoredata.
            if (errorCode == 5) return NtStatus.STATUS_LOGON_FAILURE;
            if (errorCode == 234) return NtStatus.STATUS_MORE_PROCESSING_REQUIRED;
        }
        if (Map.TryGetValue(Key(errorClass, errorCode), out var status)) return status;
        if (errorClass == ErrCmd) return NtStatus.STATUS_NOT_IMPLEMENTED;
        return (NtStatus)(UnmappedMask | (uint)errorClass << 16 | errorCode);
    }

    private static int Key(byte errorClass, ushort errorCode) => errorClass << 16 | errorCode;
}
