namespace Dashboard.Accounts;

/// <summary>
/// How a guard tells the person it refused that nothing was changed. The guards decide; the console shows it (a snackbar,
/// Components' <c>SnackbarRefusalNotice</c>), so deciding needs no UI library.
/// </summary>
public interface IRefusalNotice
{
    void Show(string message);
}
