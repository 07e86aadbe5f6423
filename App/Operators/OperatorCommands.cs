using System.ComponentModel.DataAnnotations;
using Dashboard.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Dashboard.Operators;

/// <summary>
/// The command-line commands, run instead of serving (after migrations, before anything starts). They print to the
/// console, never to the logs: a link or token printed there is for the person at the terminal only.
/// </summary>
public static class OperatorCommands
{
    public const int Ok = 0, Refused = 1, Usage = 2;

    public static async Task<int> RunCommandAsync(this WebApplication app, AppCommand command, TextWriter output)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        try
        {
            // Checked as serving would at start: a link printed from a wrong address would reach nobody.
            _ = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicUrlOptions>>().Value;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            output.WriteLine(e.Message);
            return Usage;
        }
        return command.Words switch
        {
            ["operator", "create", var email] => await CreateOperatorAsync(services, email, output),
            ["platform-app", "create", .. var name] when name.Length > 0 => await PlatformAppCommand.CreateAsync(services, string.Join(' ', name), output),
            _ => Unknown(command, output),
        };
    }

    private static int Unknown(AppCommand command, TextWriter output)
    {
        output.WriteLine($"Unknown command: {string.Join(' ', command.Words)}");
        output.WriteLine();
        output.WriteLine(AppCommand.HelpText);
        return Usage;
    }

    /// <summary>A new user with the operator role and no account, and a one-time link for them to set their password.</summary>
    public static async Task<int> CreateOperatorAsync(IServiceProvider services, string email, TextWriter output)
    {
        email = email.Trim();
        if (!new EmailAddressAttribute().IsValid(email) || email.Length > 256)
        {
            output.WriteLine($"\"{email}\" is not an email address. Usage: operator create EMAIL");
            return Usage;
        }
        var users = services.GetRequiredService<UserManager<ApplicationUser>>();
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(InstallationRoles.Operator))
            Check(await roles.CreateAsync(new IdentityRole(InstallationRoles.Operator)));

        var user = await users.FindByEmailAsync(email);
        if (user is not null && await users.IsInRoleAsync(user, InstallationRoles.Operator))
        {
            output.WriteLine($"An operator with the email {email} already exists. Nothing was changed.");
            return Refused;
        }
        if (user is not null)
        {
            // An existing user keeps their password and sessions; they gain the role.
            Check(await users.AddToRoleAsync(user, InstallationRoles.Operator));
            output.WriteLine($"The existing user {email} is now an operator; they sign in with their own password at {services.GetRequiredService<PublicAddress>().Link("/account/login")}");
            return Ok;
        }

        var (created, link, problem) = await services.GetRequiredService<OperatorUsers>().CreateAsync(email, name: null);
        if (problem is not null) throw new InvalidOperationException(problem); // checked above: only a store failure lands here
        Check(await users.AddToRoleAsync(created!, InstallationRoles.Operator));
        output.WriteLine($"Operator {email} created.");
        output.WriteLine($"Open this link within {LinkPurpose.SetPassword.Lifetime.TotalHours:0} hours to set the password (it works once):");
        output.WriteLine($"  {link}");
        return Ok;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
