namespace Dashboard.Tests.Deliveries;

/// <summary>
/// The tests over the 100k-delivery log share one copy of it and run one after another: a second copy being written
/// while another class times its queries would measure the machine, not the query.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LargeLogCollection : ICollectionFixture<LargeLogFixture>
{
    public const string Name = "Large log";
}
