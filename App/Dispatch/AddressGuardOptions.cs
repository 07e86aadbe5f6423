using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Dashboard.Dispatch;

/// <summary>Which addresses webhook requests may reach; bound from the <c>Webhooks</c> section.</summary>
public sealed class AddressGuardOptions : IValidatableObject
{
    public const string Section = "Webhooks";

    /// <summary>Allows loopback, private and other internal addresses: on in Development (local receivers), off elsewhere.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>CIDR networks allowed even though they are internal, e.g. <c>10.20.0.0/16</c> for an in-house receiver.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var network in AllowedNetworks)
            if (!IPNetwork.TryParse(network, out _))
                yield return new($"Webhooks:AllowedNetworks: \"{network}\" is not a CIDR network like 10.0.0.0/8.", [nameof(AllowedNetworks)]);
    }
}
