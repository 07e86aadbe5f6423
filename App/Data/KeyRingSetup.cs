using Microsoft.AspNetCore.DataProtection;

namespace Dashboard.Data;

public static class KeyRingSetup
{
    /// <summary>Keeps the Data Protection key ring in the database, shared by every instance of the app.</summary>
    public static IHostApplicationBuilder AddSharedKeyRing(this IHostApplicationBuilder builder)
    {
        // Sign-in cookies and antiforgery tokens are protected with these keys: with a key ring per instance (the default,
        // a local folder) one minted by instance A fails on instance B. The application name isolates the ring from
        // other apps, and it must be the same on every instance (the default is the content root path, which may differ).
        builder.Services.AddDataProtection().SetApplicationName("Dashboard").PersistKeysToDbContext<AppDbContext>();
        return builder;
    }
}
