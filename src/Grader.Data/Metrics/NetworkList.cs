using System.Net;

namespace Grader.Data.Metrics;

/// <summary>
/// A set of networks given as "10.0.0.0/24,192.0.2.7,::1" (an address alone is a network of one):
/// who may scrape metrics, which proxies' forwarded headers are believed. An IPv4 client seen
/// through a dual-stack socket (::ffff:10.0.0.5) is matched as the IPv4 address it is.
/// </summary>
public sealed record NetworkList(IReadOnlyList<IPNetwork> Networks)
{
    public static readonly NetworkList Loopback = new([IPNetwork.Parse("127.0.0.0/8"), IPNetwork.Parse("::1/128")]);

    public static readonly NetworkList None = new([]);

    public bool Contains(IPAddress? address)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return Networks.Any(n => n.Contains(address));
    }

    /// <summary>Parses a comma- or space-separated list; null and a message naming the bad entry when one does not parse.</summary>
    public static NetworkList? TryParse(string text, out string? error)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else
            {
                error = $"'{entry}' is neither an address nor a network (CIDR, e.g. 10.0.0.0/24)";
                return null;
            }
        }
        error = null;
        return new NetworkList(networks);
    }

    public override string ToString() => Networks.Count == 0 ? "none" : string.Join(",", Networks);
}
