using System.Security.Cryptography;
using Grader.Data.Files;
using Grader.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data.Tests.Files;

public sealed class FileStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task The_same_bytes_are_stored_once_even_when_uploaded_concurrently()
    {
        var store = new FileStore(database.Contexts);
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var hashes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.PutAsync(bytes, CancellationToken.None))));

        Assert.All(hashes, h => Assert.Equal(SHA256.HashData(bytes), h));
        Assert.Equal(bytes, await store.GetAsync(hashes[0], CancellationToken.None));
        await using var db = await database.OpenAsync();
        Assert.Equal(1, await db.FileBlobs.CountAsync(b => b.Sha256 == hashes[0]));
    }

    [Fact]
    public async Task A_file_larger_than_a_chunk_is_stored_in_1_MiB_chunks_and_read_back_whole()
    {
        var store = new FileStore(database.Contexts);
        var bytes = RandomNumberGenerator.GetBytes(2 * FileStore.ChunkBytes + 12_345);
        var hashes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.PutAsync(bytes, CancellationToken.None))));

        Assert.All(hashes, h => Assert.Equal(SHA256.HashData(bytes), h));
        await using var db = await database.OpenAsync();
        var sizes = await db.Database.SqlQuery<int>($"SELECT length(data) AS \"Value\" FROM file_chunks WHERE sha256 = {hashes[0]} ORDER BY seq").ToListAsync();
        Assert.Equal([FileStore.ChunkBytes, FileStore.ChunkBytes, 12_345], sizes);
        Assert.Null(await db.FileBlobs.Where(b => b.Sha256 == hashes[0]).Select(b => b.Content).SingleAsync());
        Assert.Equal(bytes, await store.GetAsync(hashes[0], CancellationToken.None));
        Assert.Equal(bytes, (await store.GetManyAsync([hashes[0]], CancellationToken.None))[Convert.ToHexStringLower(hashes[0])]);
    }

    [Fact]
    public async Task An_unknown_hash_finds_nothing() =>
        Assert.Null(await new FileStore(database.Contexts).GetAsync(new byte[32], CancellationToken.None));
}
