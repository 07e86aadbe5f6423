using Dashboard.Deliveries;
using Dashboard.Dispatch;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Deliveries;

public sealed class DeliveryStateTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_pending_delivery_that_failed_reads_retrying_with_its_place_in_the_schedule_and_the_next_try()
    {
        var state = DeliveryState.Of(DeliveryStatus.Pending, 3, Now.AddMinutes(25), 10, Now);

        Assert.Equal("Retrying — attempt 3 of 10, next in 25 min", state.Text);
    }

    [Fact]
    public void The_number_of_tries_comes_from_the_retry_schedule()
    {
        var standard = new RetryPolicy(Options.Create(new DispatchOptions()));
        var custom = new RetryPolicy(Options.Create(new DispatchOptions { RetrySchedule = [TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5)] }));

        Assert.Equal(DispatchOptions.StandardSchedule.Count, standard.MaxAttempts);
        Assert.Equal("Retrying — attempt 2 of 3, next in 5 min", DeliveryState.Of(DeliveryStatus.Pending, 2, Now.AddMinutes(5), custom.MaxAttempts, Now).Text);
    }

    [Theory]
    [InlineData(DeliveryStatus.Succeeded, "Succeeded")]
    [InlineData(DeliveryStatus.Failed, "Failed")]
    [InlineData(DeliveryStatus.Cancelled, "Cancelled")]
    public void An_ended_delivery_reads_its_status_alone(DeliveryStatus status, string expected) =>
        Assert.Equal(expected, DeliveryState.Of(status, 4, null, 10, Now).Text);

    [Fact]
    public void Untried_overdue_and_resent_past_the_schedule_read_sensibly()
    {
        Assert.Equal("Pending — first try in a few seconds", DeliveryState.Of(DeliveryStatus.Pending, 0, Now.AddSeconds(5), 10, Now).Text);
        Assert.Equal("Retrying — attempt 2 of 10, next due now", DeliveryState.Of(DeliveryStatus.Pending, 2, Now.AddMinutes(-1), 10, Now).Text);
        Assert.Equal("Retrying — attempt 12 of 12, next in 2 h", DeliveryState.Of(DeliveryStatus.Pending, 12, Now.AddHours(2), 10, Now).Text);
    }
}
