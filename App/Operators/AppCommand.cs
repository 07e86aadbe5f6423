namespace Dashboard.Operators;

/// <summary>
/// What the command line asks for: serve (no command), a command (<c>operator create EMAIL</c>, …) or help. The words of a
/// command are taken off before the host reads its own arguments (<c>--urls</c>, <c>--App:PublicUrl=…</c>), which stay.
/// </summary>
public sealed record AppCommand(string[] HostArgs, string[] Words, bool Help)
{
    public bool IsCommand => Words.Length > 0;

    public const string HelpText = """
        Dashboard: webhooks for a customer-chat product.

        Usage:
          dotnet App.dll [host options]                     serve the app (the default)
          dotnet App.dll operator create EMAIL              create an installation operator; prints a one-time link
                                                            to set the password (valid 24 h, works once)
          dotnet App.dll platform-app create NAME           create a platform app; prints its access token once
          dotnet App.dll --help                             this text
        (from the source: dotnet run --project App -- <the same>)

        Host options, also as environment variables (App__PublicUrl, Database__Provider, …):
          --urls http://0.0.0.0:5000                        where to listen
          --App:PublicUrl=https://hooks.example.com         the address people open; every link starts with it
                                                            (required outside Development)
          --Database:Provider=PostgreSQL --Database:ConnectionString="Host=…"   the shared database (default: SQLite)

        No password is ever taken on the command line: people set theirs through the link.
        """;

    public static AppCommand Parse(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?" or "help")) return new([], [], Help: true);
        // A command is the leading words that are not options; everything from the first option on is the host's.
        var words = args.TakeWhile(a => !a.StartsWith('-') && !a.Contains('=')).ToArray();
        return new(args[words.Length..], words, Help: false);
    }
}
