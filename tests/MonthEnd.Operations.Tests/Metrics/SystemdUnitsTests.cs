using System.Diagnostics;

namespace MonthEnd.Operations.Tests.Metrics;

/// <summary>deploy/systemd: the units parse without a complaint from systemd itself, and keep their hardening.</summary>
public sealed class SystemdUnitsTests
{
    private static readonly string Units = Path.Combine(DeployFiles.Deploy, "systemd");

    [Theory]
    [InlineData("monthend-serve.service")]
    [InlineData("monthend-worker@.service")]
    public void a_unit_runs_as_the_monthend_user_restarts_on_failure_and_is_hardened(string unit)
    {
        var lines = File.ReadAllLines(Path.Combine(Units, unit)).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        foreach (var setting in new[]
        {
            "User=monthend", "Restart=on-failure", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "NoNewPrivileges=yes",
            "CapabilityBoundingSet=", "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6", "SystemCallFilter=@system-service",
            "LoadCredential=audit-key:/etc/monthend/audit.key", "Environment=MONTHEND_AUDIT_KEY_FILE=%d/audit-key",
        })
        {
            lines.ShouldContain(setting, $"{unit} lacks {setting}");
        }

        lines.ShouldContain(l => l.StartsWith("EnvironmentFile=/etc/monthend/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task systemd_analyze_verify_finds_nothing_to_say_about_the_units()
    {
        var folder = Directory.CreateTempSubdirectory("monthend-units-").FullName;
        try
        {
            // The product is not installed here: the units start /bin/true instead; the worker as instance 9464.
            foreach (var (source, target) in new[] { ("monthend-serve.service", "monthend-serve.service"), ("monthend-worker@.service", "monthend-worker@9464.service") })
            {
                File.WriteAllText(Path.Combine(folder, target),
                    File.ReadAllText(Path.Combine(Units, source)).Replace("/opt/monthend/monthend ", "/bin/true ", StringComparison.Ordinal));
            }

            var info = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "verify", "--man=no", Path.Combine(folder, "monthend-serve.service"), Path.Combine(folder, "monthend-worker@9464.service") })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info).ShouldNotBeNull("systemd-analyze (Debian's systemd package) is needed for this test");
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            process.ExitCode.ShouldBe(0, output);
            output.Trim().ShouldBeEmpty("systemd-analyze verify warns about the units");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
