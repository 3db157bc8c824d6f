using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Grader.Server.Hosting;

/// <summary>
/// The keys that encrypt sign-in cookies and anti-forgery tokens (ASP.NET Core DataProtection)
/// live in PostgreSQL (table data_protection_keys, made by the migrations), under one application
/// name: every API process of the deployment reads the same key ring, so a session started on one
/// is good on the others, and a redeploy signs nobody out. Anyone who can read that table can
/// forge a session cookie, as anyone who can write the database can do anything: protect the
/// database credentials accordingly.
/// </summary>
public static class SessionKeys
{
    public const string ApplicationName = "grader";

    public static IServiceCollection AddSharedSessionKeys(this IServiceCollection services)
    {
        services.AddDbContext<DataProtectionKeysContext>((provider, options) => options.UseNpgsql(provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddDataProtection().SetApplicationName(ApplicationName).PersistKeysToDbContext<DataProtectionKeysContext>();
        return services;
    }
}

/// <summary>EF Core's view of data_protection_keys, for DataProtection's own key repository.</summary>
public sealed class DataProtectionKeysContext(DbContextOptions<DataProtectionKeysContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        var key = model.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        key.Property(k => k.Id).HasColumnName("id");
        key.Property(k => k.FriendlyName).HasColumnName("friendly_name");
        key.Property(k => k.Xml).HasColumnName("xml");
    }
}
