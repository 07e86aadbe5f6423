using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Dashboard.Accounts;
using Dashboard.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Security;

/// <summary>The sign-in form must not tell an attacker which emails have an account: not by its answer, its lockout or its timing.</summary>
public sealed partial class LoginAbuseTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var real = await SignInAsync(DashboardFactory.AdminEmail, "not-the-password");
        var unknown = await SignInAsync(UnknownEmail(), "not-the-password");

        Assert.Contains("error=invalid", real);
        Assert.Equal(WithoutEmail(real), WithoutEmail(unknown));
    }

    [Fact]
    public async Task An_unknown_email_is_locked_out_exactly_when_a_real_account_is()
    {
        // Its own account: locking the demo admin would fail other tests.
        var (_, email, _, _) = await app.CreateAccountAsync("Lockout twin");
        var unknownEmail = UnknownEmail();
        var real = new List<string>();
        var unknown = new List<string>();

        for (var attempt = 1; attempt <= 6; attempt++)
        {
            real.Add(WithoutEmail(await SignInAsync(email, $"wrong-{attempt}")));
            // Case and spaces do not make another email: the count is kept for the normalized one, as Identity finds users.
            unknown.Add(WithoutEmail(await SignInAsync(attempt % 2 == 0 ? $"  {unknownEmail.ToUpperInvariant()} " : unknownEmail, $"wrong-{attempt}")));
        }

        Assert.Contains("error=locked", real[5]);
        Assert.Equal(real, unknown);
    }

    [Fact]
    public async Task An_unknown_email_takes_as_long_as_a_wrong_password()
    {
        var (_, email, _, _) = await app.CreateAccountAsync("Timing twin");
        // Warm-up: first requests pay for JIT and for making the decoy hash once.
        for (var i = 0; i < 2; i++)
        {
            await TimedSignInAsync(email);
            await TimedSignInAsync(UnknownEmail());
        }

        // The machine is shared and noisy: a ratio of medians, measured interleaved, with a fresh round if one is off.
        // Before the fix the ratio was about 0.05, so three rounds cannot hide a regression.
        var rounds = new List<string>();
        for (var round = 0; round < 3; round++)
        {
            var realTimes = new List<double>();
            var unknownTimes = new List<double>();
            for (var i = 0; i < 15; i++)
            {
                realTimes.Add(await TimedSignInAsync(email));
                unknownTimes.Add(await TimedSignInAsync(UnknownEmail()));
            }

            var (realMedian, unknownMedian) = (Median(realTimes), Median(unknownTimes));
            rounds.Add($"unknown {unknownMedian:F1} ms vs real {realMedian:F1} ms");
            TestContext.Current.TestOutputHelper?.WriteLine($"Sign-in medians: {rounds[^1]}");
            if (unknownMedian >= 0.5 * realMedian) return;
        }

        Assert.Fail("An unknown email answers much faster than a wrong password: " + string.Join("; ", rounds));
    }

    /// <summary>Milliseconds of one failed sign-in; the real account's failure count is reset afterwards so it never locks.</summary>
    private async Task<double> TimedSignInAsync(string email)
    {
        using var client = NewClient();
        var request = await LoginFormAsync(client, email, "not-the-password");
        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(request, Ct);
        clock.Stop();
        Assert.Contains("error=invalid", response.Headers.Location?.OriginalString);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByNameAsync(email) is { } user) await users.ResetAccessFailedCountAsync(user);
        return clock.Elapsed.TotalMilliseconds;
    }

    /// <summary>Posts the sign-in form and returns where it sends the browser.</summary>
    private async Task<string> SignInAsync(string email, string password)
    {
        using var client = NewClient();
        var response = await client.SendAsync(await LoginFormAsync(client, email, password), Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    private static Task<HttpRequestMessage> LoginFormAsync(HttpClient client, string email, string password) =>
        FormPost.WithTokenOfAsync(client, "/account/login", "/account/login", new Dictionary<string, string>
        {
            ["email"] = email, ["password"] = password, ["returnUrl"] = "/accounts",
        });

    private HttpClient NewClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.ServerAddress };

    private static string UnknownEmail() => $"{Guid.NewGuid():N}@nobody.test";

    /// <summary>The form is sent back with the email typed in; that part differs by design, the rest must not.</summary>
    private static string WithoutEmail(string location) => EmailParameter().Replace(location, "email=…");

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    [GeneratedRegex("email=[^&]*")]
    private static partial Regex EmailParameter();
}
