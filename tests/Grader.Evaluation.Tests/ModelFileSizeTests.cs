namespace Grader.Evaluation.Tests;

/// <summary>The size limit is checked before a model file is read: a refusal allocates nothing near the file's size.</summary>
public class ModelFileSizeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("grader-model-size-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Sparse(long bytes)
    {
        var path = Path.Combine(folder, "model.onnx");
        using var file = new FileStream(path, FileMode.Create);
        file.SetLength(bytes);
        return path;
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_a_byte_is_read()
    {
        var path = Sparse(300L << 20);
        // The check runs before the first await, on this thread: had the file been read, its
        // 300 MiB array would show in this thread's allocations.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var refused = await Assert.ThrowsAsync<ModelEvaluationException>(() => ModelFileSize.ReadAsync(path, default));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(refused.IsStudentError);
        Assert.Equal("'model.onnx' is 300 MiB, over the limit of 256 MiB for a model file", refused.Message);
        Assert.True(allocated < 1 << 20, $"{allocated:N0} bytes allocated");
    }

    [Fact]
    public async Task A_file_at_the_limit_is_read()
    {
        var path = Sparse(ModelFileSize.Limit);
        var bytes = await ModelFileSize.ReadAsync(path, default);
        Assert.Equal(ModelFileSize.Limit, bytes.LongLength);
    }
}
