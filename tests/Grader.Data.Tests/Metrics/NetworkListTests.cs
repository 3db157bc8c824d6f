using System.Net;
using Grader.Data.Metrics;

namespace Grader.Data.Tests.Metrics;

public sealed class NetworkListTests
{
    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.7", true)]
    [InlineData("10.0.0.0/24", "10.0.1.7", false)]
    [InlineData("192.0.2.5", "192.0.2.5", true)]
    [InlineData("192.0.2.5", "192.0.2.6", false)]
    [InlineData("10.0.0.0/24, ::1", "::1", true)]
    [InlineData("10.0.0.0/24", "::ffff:10.0.0.9", true)] // an IPv4 client on a dual-stack socket
    [InlineData("", "127.0.0.1", false)]
    [InlineData("10.0.0.1/24", "10.0.0.200", true)] // host bits are dropped: the network 10.0.0.0/24
    public void An_address_is_in_the_list_when_one_network_holds_it(string list, string address, bool expected) =>
        Assert.Equal(expected, NetworkList.TryParse(list, out _)!.Contains(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("example.org")]
    public void An_entry_that_is_neither_address_nor_network_is_named_in_the_error(string entry)
    {
        Assert.Null(NetworkList.TryParse($"127.0.0.1,{entry}", out var error));
        Assert.Contains($"'{entry}'", error);
    }

    [Fact]
    public void Loopback_holds_both_loopbacks_and_nothing_else()
    {
        Assert.True(NetworkList.Loopback.Contains(IPAddress.Loopback));
        Assert.True(NetworkList.Loopback.Contains(IPAddress.IPv6Loopback));
        Assert.False(NetworkList.Loopback.Contains(IPAddress.Parse("10.0.0.1")));
        Assert.False(NetworkList.Loopback.Contains(null));
    }
}
