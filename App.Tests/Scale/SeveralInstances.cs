namespace Dashboard.Tests.Scale;

/// <summary>
/// The tests that start several instances run alone, after the others: three app processes (or two hosts) and their
/// PostgreSQL sessions would otherwise share two cores with the rest of the suite, and their latency figures would
/// measure the suite, not the app.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeveralInstances
{
    public const string Name = "Several instances";
}
