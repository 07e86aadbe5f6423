using System.Security.Claims;
using Dashboard.Accounts;
using Dashboard.Tests.Infrastructure;

namespace Dashboard.Tests.Accounts;

public sealed class AccountAccessTests : IAsyncDisposable
{
    private readonly TestDatabase _db = new();
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    private static ClaimsPrincipal SignedIn(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], authenticationType: "Test"));

    [Fact]
    public async Task Administrators_and_agents_get_their_role_and_other_accounts_get_nothing()
    {
        var a = await _db.CreateAccountAsync("A");
        var b = await _db.CreateAccountAsync("B");
        var admin = await _db.CreateMemberAsync(a, AccountRole.Administrator);
        var agent = await _db.CreateMemberAsync(a, AccountRole.Agent);
        var access = new AccountAccess(_db);

        Assert.True((await access.FindAsync(SignedIn(admin), a, _ct))!.IsAdministrator);
        Assert.False((await access.FindAsync(SignedIn(agent), a, _ct))!.IsAdministrator);
        Assert.Null(await access.FindAsync(SignedIn(admin), b, _ct));
    }

    [Fact]
    public async Task A_signed_out_user_has_no_membership()
    {
        var a = await _db.CreateAccountAsync("A");
        await _db.CreateMemberAsync(a, AccountRole.Administrator);

        Assert.Null(await new AccountAccess(_db).FindAsync(new ClaimsPrincipal(new ClaimsIdentity()), a, _ct));
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
