namespace Dashboard.Operators;

/// <summary>The console's address (one home: the page's route, the menu's link, the home page's redirect).</summary>
public static class OperatorConsole
{
    public const string Path = "/operator";
}
