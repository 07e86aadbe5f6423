using Dashboard.Components.Shared;

namespace Dashboard.Tests.Components.Layout;

/// <summary>Which account a page belongs to, read from its address; the profile carries the account it was opened from.</summary>
public sealed class AccountRouteTests
{
    [Theory]
    [InlineData("http://localhost/accounts/7", 7)]
    [InlineData("http://localhost/accounts/7/deliveries?status=failed", 7)]
    [InlineData("http://localhost/profile?account=7", 7)]
    [InlineData("http://localhost/profile?tab=token&account=7#token", 7)]
    [InlineData("http://localhost/profile", null)]
    [InlineData("http://localhost/profile?account=seven", null)]
    [InlineData("http://localhost/other?account=7", null)]
    [InlineData("http://localhost/accounts/7x", null)]
    public void The_account_comes_from_the_path_or_from_the_profile_address(string uri, int? expected) =>
        Assert.Equal(expected, AccountRoute.AccountIdFrom(uri));

    [Fact]
    public void The_profile_link_keeps_the_account_it_was_opened_from()
    {
        Assert.Equal("/profile?account=3", AccountRoute.Profile(3));
        Assert.Equal("/profile", AccountRoute.Profile(null));
    }
}
