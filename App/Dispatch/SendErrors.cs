using System.Net.Sockets;
using System.Security.Authentication;
using Dashboard.Deliveries;

namespace Dashboard.Dispatch;

/// <summary>Turns what HttpClient threw into an error class and a sentence an admin understands.</summary>
public static class SendErrors
{
    /// <param name="authority">Host and port as the admin typed them (<c>example.com:8443</c>), for connection errors.</param>
    public static (AttemptError Error, string Message) Classify(Exception exception, string authority)
    {
        // A name that does not resolve is a host name: the port has nothing to do with it.
        var host = authority.StartsWith('[') ? authority[..(authority.IndexOf(']') + 1)] : authority.Split(':')[0];
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case BlockedAddressException blocked:
                    return (AttemptError.BlockedAddress, blocked.Message);
                case HostNotFoundException:
                    return (AttemptError.Dns, $"The host name {host} could not be resolved.");
                case AuthenticationException:
                    return (AttemptError.Tls, $"The TLS handshake with {authority} failed: {e.Message}");
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return (AttemptError.ConnectionRefused, $"{authority} refused the connection.");
                case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown }:
                    return (AttemptError.ConnectionReset, $"{authority} reset the connection.");
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return (AttemptError.Dns, $"The host name {host} could not be resolved.");
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return (AttemptError.ConnectionReset, $"{authority} closed the connection before a complete answer.");
            }
        }
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError })
            return (AttemptError.Tls, $"The TLS connection to {authority} failed.");
        if (exception is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError })
            return (AttemptError.Dns, $"The host name {host} could not be resolved.");
        return (AttemptError.Other, $"The request to {authority} failed: {Innermost(exception).Message}");
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
