using System.Net;
using System.Text.Json;
using Exchange.Testing;

namespace Exchange.Hub.Tests.Health;

/// <summary>Reads the hub's probes, and waits for one to give an answer within a bounded deadline.</summary>
internal static class ReadyProbe
{
    public sealed record Answer(HttpStatusCode Status, JsonElement Body, string Text)
    {
        public string CheckStatus(string name) => Check(name).GetProperty("status").GetString()!;

        public string CheckDescription(string name) => Check(name).GetProperty("description").GetString()!;

        private JsonElement Check(string name) =>
            Body.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
    }

    public static async Task<Answer> GetAsync(HttpClient http, string path = "/health/ready")
    {
        using var response = await http.GetAsync(path, TestTimeout.Token());
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone(), text);
    }

    /// <summary>
    /// Asks until the answer has <paramref name="expected"/> status. The checks themselves run
    /// against real servers whose state changes in the background (a restarted server, a pool
    /// dropping dead connections), so the test polls rather than guessing a delay.
    /// </summary>
    public static async Task<Answer> WaitForAsync(HttpClient http, HttpStatusCode expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var answer = await GetAsync(http);
            if (answer.Status == expected || DateTime.UtcNow > deadline)
                return answer;
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestTimeout.Token());
        }
    }
}
