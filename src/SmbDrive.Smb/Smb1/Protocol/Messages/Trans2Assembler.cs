namespace SmbDrive.Smb.Smb1.Protocol.Messages;

/// <summary>Collects the one or more SMB_COM_TRANSACTION2 response messages of a transaction (MS-CIFS 2.2.4.46.2,
/// 3.2.5.31): each carries a slice of the parameters and of the data at a displacement, until the totals are
/// reached. Totals larger than the client allowed, slices outside them and parts that add nothing are protocol
/// errors, so a hostile server can neither make us allocate more than we asked for nor keep us waiting.</summary>
/// <remarks>Words (10 + SetupCount): 0 TotalParameterCount 2 TotalDataCount 4 Reserved1 6 ParameterCount
/// 8 ParameterOffset 10 ParameterDisplacement 12 DataCount 14 DataOffset 16 DataDisplacement 18 SetupCount(1)
/// 19 Reserved2(1) 20 Setup. Offsets count from the header start.</remarks>
internal sealed class Trans2Assembler(ushort maxParameterCount, ushort maxDataCount)
{
    private byte[]? _parameters;
    private byte[]? _data;
    private int _totalParameters, _totalData, _gotParameters, _gotData;

    public byte[] Parameters => _parameters is null ? [] : _parameters.AsSpan(0, _totalParameters).ToArray();
    public byte[] Data => _data is null ? [] : _data.AsSpan(0, _totalData).ToArray();

    /// <summary>Adds one response part; true when the transaction is complete.</summary>
    public bool Add(ReadOnlySpan<byte> message)
    {
        var reader = new Smb1Reader(message, "TRANSACTION2");
        reader.RequireWords(10);
        int totalParameters = reader.U16(0), totalData = reader.U16(2);
        int parameterCount = reader.U16(6), parameterOffset = reader.U16(8), parameterDisplacement = reader.U16(10);
        int dataCount = reader.U16(12), dataOffset = reader.U16(14), dataDisplacement = reader.U16(16);
        if (reader.WordCount < 10 + reader.U8(18)) throw reader.Malformed($"SetupCount {reader.U8(18)} exceeds the words sent");

        if (_parameters is null)
        {
            if (totalParameters > maxParameterCount || totalData > maxDataCount)
                throw reader.Malformed($"{totalParameters} parameter and {totalData} data bytes exceed the {maxParameterCount} and {maxDataCount} allowed");
            _parameters = new byte[totalParameters];
            _data = new byte[totalData];
            _totalParameters = totalParameters;
            _totalData = totalData;
        }
        else
        {
            // A later part may lower the totals (MS-CIFS 3.2.5.31), never raise them.
            if (totalParameters > _totalParameters || totalData > _totalData) throw reader.Malformed("totals grew between parts");
            _totalParameters = totalParameters;
            _totalData = totalData;
        }

        if ((long)parameterDisplacement + parameterCount > _totalParameters || (long)dataDisplacement + dataCount > _totalData)
            throw reader.Malformed("a slice lies outside the announced totals");
        if (parameterCount == 0 && dataCount == 0 && (_gotParameters < _totalParameters || _gotData < _totalData))
            throw reader.Malformed("a part without parameters or data in an unfinished transaction");
        reader.Slice(parameterOffset, parameterCount).CopyTo(_parameters.AsSpan(parameterDisplacement));
        reader.Slice(dataOffset, dataCount).CopyTo(_data!.AsSpan(dataDisplacement));
        _gotParameters += parameterCount;
        _gotData += dataCount;
        return _gotParameters >= _totalParameters && _gotData >= _totalData;
    }
}
