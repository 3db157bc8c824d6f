using System.Buffers.Binary;
using System.Text;

namespace Grader.Inference.Checkpoints;

/// <summary>
/// A restricted pickle VM for what <c>torch.save(model.state_dict())</c> writes (protocol 2), in
/// the spirit of <c>torch.load(weights_only=True)</c>: only the opcodes a state_dict uses, and only
/// the globals needed to rebuild ordered dicts and tensors. Nothing is ever imported or called: a
/// global is a name compared against a whitelist, and any other name ends the read with a message.
/// </summary>
internal sealed class PickleReader
{
    /// <summary>What a persistent id ('storage', type, key, location, numel) resolves to.</summary>
    public delegate ReadOnlyMemory<byte> StorageLoader(string key, StorageType type, long numel);

    private sealed record Global(string Module, string Name)
    {
        public override string ToString() => $"{Module}.{Name}";
    }

    private sealed record Storage(StorageType Type, string Key, long Numel, ReadOnlyMemory<byte> Bytes);

    /// <summary>An ordered dict (OrderedDict or a plain dict).</summary>
    internal sealed class PyDict
    {
        public List<KeyValuePair<object?, object?>> Items { get; } = [];
    }

    private sealed class Mark;

    private static readonly HashSet<string> AllowedGlobals =
    [
        "collections.OrderedDict",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch.FloatStorage", "torch.HalfStorage", "torch.BFloat16Storage", "torch.DoubleStorage", "torch.LongStorage",
    ];

    private const int MaxStack = 1 << 20, MaxMemo = 1 << 22;

    private readonly byte[] code;
    private readonly bool structureOnly;
    private readonly StorageLoader loadStorage;
    private readonly long maxElements;
    private readonly Dictionary<string, Storage> storages = new(StringComparer.Ordinal);
    private readonly List<object?> stack = [];
    private readonly Dictionary<long, object?> memo = [];
    private long totalElements;
    private int pos;

    private PickleReader(byte[] code, int start, StorageLoader loadStorage, long maxElements, bool structureOnly)
    {
        this.code = code;
        pos = start;
        this.structureOnly = structureOnly;
        this.loadStorage = loadStorage;
        this.maxElements = maxElements;
    }

    /// <summary>Runs the pickle and returns its single result (a dict of tensors, for a state_dict).</summary>
    public static object? Run(byte[] code, StorageLoader loadStorage, long maxElements) =>
        new PickleReader(code, 0, loadStorage, maxElements, false).Execute();

    /// <summary>Runs one pickle of several in <paramref name="code"/> (the legacy format) from
    /// <paramref name="start"/>; <paramref name="end"/> is where the next begins. With
    /// <paramref name="structureOnly"/>, storages are announced to the loader but no tensor is built.</summary>
    public static object? Run(byte[] code, int start, StorageLoader loadStorage, long maxElements, bool structureOnly, out int end)
    {
        var reader = new PickleReader(code, start, loadStorage, maxElements, structureOnly);
        var result = reader.Execute();
        end = reader.pos;
        return result;
    }

    private object? Execute()
    {
        while (true)
        {
            if (pos >= code.Length) throw Fail("the pickle ends without a STOP opcode (truncated file?)");
            int at = pos;
            byte op = code[pos++];
            switch (op)
            {
                case 0x80: Byte(); break;                                        // PROTO
                case 0x95: Bytes(8); break;                                      // FRAME (protocol 4)
                case (byte)'.': return stack.Count == 1 ? stack[0] : throw Fail("the pickle leaves a malformed stack");
                case (byte)'(': Push(new Mark()); break;
                case (byte)'}': Push(new PyDict()); break;                      // EMPTY_DICT
                case (byte)']': Push(new List<object?>()); break;               // EMPTY_LIST
                case (byte)')': Push(Array.Empty<object?>()); break;            // EMPTY_TUPLE
                case (byte)'N': Push(null); break;
                case 0x88: Push(true); break;
                case 0x89: Push(false); break;
                case (byte)'K': Push((long)Byte()); break;                      // BININT1
                case (byte)'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2))); break;
                case (byte)'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(Bytes(4))); break;
                case 0x8a: Push(Long1()); break;                                 // LONG1
                case (byte)'G': Push(BinaryPrimitives.ReadDoubleBigEndian(Bytes(8))); break;
                case (byte)'X': Push(Utf8(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))); break;   // BINUNICODE
                case 0x8c: Push(Utf8(Byte())); break;                            // SHORT_BINUNICODE
                case (byte)'U': Push(Encoding.Latin1.GetString(Bytes(Byte()))); break;                  // SHORT_BINSTRING
                case (byte)'q': memo[Byte()] = Peek(); break;                    // BINPUT
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4))] = Peek(); break;
                case 0x94: memo[memo.Count] = Peek(); break;                     // MEMOIZE
                case (byte)'h': Push(Memo(Byte())); break;                       // BINGET
                case (byte)'j': Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4)))); break;
                case (byte)'t': Push(PopToMark().ToArray()); break;              // TUPLE
                case 0x85: Push(new[] { Pop() }); break;                         // TUPLE1
                case 0x86: { var b = Pop(); var a = Pop(); Push(new[] { a, b }); break; }
                case 0x87: { var c = Pop(); var b = Pop(); var a = Pop(); Push(new[] { a, b, c }); break; }
                case (byte)'a': { var v = Pop(); AsList(Peek()).Add(v); break; }                       // APPEND
                case (byte)'e': { var items = PopToMark(); AsList(Peek()).AddRange(items); break; }    // APPENDS
                case (byte)'s': { var v = Pop(); var k = Pop(); AsDict(Peek()).Items.Add(new(k, v)); break; }
                case (byte)'u': SetItems(); break;
                case (byte)'c': Push(GlobalName()); break;                       // GLOBAL
                case (byte)'Q': Push(PersistentLoad(Pop())); break;              // BINPERSID
                case (byte)'R': { var args = Pop(); var callable = Pop(); Push(Reduce(callable, args)); break; }
                case (byte)'b': Build(); break;
                default:
                    throw Fail($"pickle opcode 0x{op:x2} at byte {at} is not allowed in a state_dict (only plain tensors and dicts are loaded)");
            }
            if (stack.Count > MaxStack || memo.Count > MaxMemo) throw Fail("the pickle is too deeply nested");
        }
    }

    private object GlobalName()
    {
        string module = Line(), name = Line();
        var g = new Global(module, name);
        if (!AllowedGlobals.Contains(g.ToString()))
            throw Fail($"the file asks for the Python global '{g}', which a state_dict never needs; it was refused and nothing was run. "
                + "Save the weights with torch.save(model.state_dict(), path)");
        return g;
    }

    private object PersistentLoad(object? pid)
    {
        // The legacy format adds a sixth entry, view metadata, which is None for whole storages.
        if (pid is not object?[] { Length: 5 or 6 } t || t[0] is not "storage" || t[1] is not Global storageType
            || t[2] is not string key || t[4] is not long numel || (t.Length == 6 && t[5] is not null))
            throw Fail("a persistent id is not ('storage', type, key, location, numel)");
        if (!StorageTypes.TryFromTorchName(storageType.Name, out var type))
            throw Fail($"storage type {storageType} is not supported");
        if (numel < 0 || numel > maxElements) throw Fail($"storage '{key}' declares {numel:N0} elements; the limit is {maxElements:N0} parameters");
        if (storages.TryGetValue(key, out var known))
            return known.Type == type ? known : throw Fail($"storage '{key}' is used with two element types");
        var storage = new Storage(type, key, numel, loadStorage(key, type, numel));
        storages[key] = storage;
        return storage;
    }

    private object? Reduce(object? callable, object? args)
    {
        if (callable is not Global g || args is not object?[] a) throw Fail("REDUCE applies something that is not an allowed global");
        switch (g.ToString())
        {
            case "collections.OrderedDict" when a.Length == 0:
                return new PyDict();
            case "torch._utils._rebuild_tensor_v2" when a.Length >= 4:
                return RebuildTensor(a);
            case "torch._utils._rebuild_parameter" when a.Length >= 1 && a[0] is CheckpointTensor data:
                return data;
            default:
                throw Fail($"{g} cannot be called with these arguments");
        }
    }

    private CheckpointTensor RebuildTensor(object?[] a)
    {
        if (a[0] is not Storage storage || a[1] is not long offset)
            throw Fail("_rebuild_tensor_v2 expects (storage, offset, size, stride, ...)");
        var size = Longs(a[2], "size");
        var stride = Longs(a[3], "stride");
        if (structureOnly) return new CheckpointTensor([], [], "pending");
        var tensor = TensorRebuild.FromStorage(storage.Type, storage.Bytes.Span, storage.Numel, offset, size, stride,
            maxElements, $"a tensor on storage '{storage.Key}'");
        totalElements += tensor.Data.Length;
        if (totalElements > maxElements) throw Fail($"the checkpoint holds more than {maxElements:N0} parameters");
        return tensor;
    }

    private long[] Longs(object? value, string what) =>
        value is object?[] items && items.All(i => i is long)
            ? items.Select(i => (long)i!).ToArray()
            : throw Fail($"a tensor's {what} is not a tuple of integers");

    /// <summary>BUILD sets an object's state: OrderedDict's <c>_metadata</c> (module versions),
    /// which the grader does not need, or a Parameter's; anything else is refused.</summary>
    private void Build()
    {
        Pop();
        if (Peek() is not (PyDict or CheckpointTensor)) throw Fail("BUILD on an object that is not a dict or tensor");
    }

    private void SetItems()
    {
        var items = PopToMark();
        if (items.Count % 2 != 0) throw Fail("SETITEMS with an odd number of items");
        var dict = AsDict(Peek());
        for (int i = 0; i < items.Count; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
    }

    private List<object?> PopToMark()
    {
        int m = stack.FindLastIndex(o => o is Mark);
        if (m < 0) throw Fail("the pickle pops to a mark that was never set");
        var items = stack.GetRange(m + 1, stack.Count - m - 1);
        stack.RemoveRange(m, stack.Count - m);
        return items;
    }

    private static List<object?> AsList(object? o) => o as List<object?> ?? throw Fail("APPEND to something that is not a list");
    private static PyDict AsDict(object? o) => o as PyDict ?? throw Fail("SETITEM on something that is not a dict");

    private void Push(object? o) => stack.Add(o);

    private object? Pop()
    {
        if (stack.Count == 0 || stack[^1] is Mark) throw Fail("the pickle pops from an empty stack");
        var o = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return o;
    }

    private object? Peek() => stack.Count > 0 && stack[^1] is not Mark ? stack[^1] : throw Fail("the pickle reads an empty stack");

    private object? Memo(long key) => memo.TryGetValue(key, out var v) ? v : throw Fail($"the pickle reads memo {key}, which was never stored");

    private byte Byte() => Bytes(1)[0];

    private ReadOnlySpan<byte> Bytes(long n)
    {
        if (n < 0 || n > code.Length - pos) throw Fail($"the pickle is truncated (needs {n:N0} bytes at {pos}, has {code.Length - pos:N0})");
        var span = code.AsSpan(pos, (int)n);
        pos += (int)n;
        return span;
    }

    private string Utf8(long n) => Encoding.UTF8.GetString(Bytes(n));

    private long Long1()
    {
        var b = Bytes(Byte());
        if (b.Length > 8) throw Fail("an integer in the pickle is larger than 64 bits");
        long v = 0;
        for (int i = b.Length - 1; i >= 0; i--) v = (v << 8) | b[i];
        if (b.Length is > 0 and < 8 && (b[^1] & 0x80) != 0) v -= 1L << (8 * b.Length);   // two's complement
        return v;
    }

    private string Line()
    {
        int end = Array.IndexOf(code, (byte)'\n', pos);
        if (end < 0 || end - pos > 256) throw Fail("a GLOBAL name is malformed");
        var s = Encoding.ASCII.GetString(code, pos, end - pos);
        pos = end + 1;
        return s;
    }

    private static ModelLoadException Fail(string message) => new($"checkpoint: {message}");
}
