using System.Globalization;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace MonthEnd.Browser.Tests.Infrastructure;

/// <summary>
/// A real headless Chromium (Debian's `chromium` and `chromium-driver`, installed by scripts/chromium)
/// driven by Selenium at one site: a fixed window, downloads into a folder of its own, a screenshot
/// per step under artifacts/test-results/screenshots/{scenario}/. Every wait is a condition polled by
/// <see cref="WebDriverWait"/>, never a sleep.
/// </summary>
public sealed class Chromium : IDisposable
{
    public const string BrowserPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    /// <summary>How long a condition may take before the step fails (generous: the machine is shared).</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    private readonly ChromeDriver _driver;
    private readonly Uri _site;
    private readonly string _screenshots;
    private int _step;

    private Chromium(ChromeDriver driver, Uri site, string screenshots, string downloads)
    {
        _driver = driver;
        _site = site;
        _screenshots = screenshots;
        Downloads = downloads;
    }

    /// <summary>The folder Chromium saves downloads into, made for this browser alone.</summary>
    public string Downloads { get; }

    public string Path => _driver.Url;

    public static Chromium Start(Uri site, string scenario)
    {
        foreach (var file in new[] { BrowserPath, DriverPath })
        {
            if (!File.Exists(file))
            {
                throw new InvalidOperationException($"{file} is missing: run scripts/chromium (it installs Debian's chromium and chromium-driver), or scripts/test, which calls it");
            }
        }

        var downloads = Directory.CreateTempSubdirectory("monthend-e2e-downloads-").FullName;
        var options = new ChromeOptions { BinaryLocation = BrowserPath };
        // As root in a container: no sandbox, no /dev/shm of any size; a fixed window so screenshots compare.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
            "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--lang=en-US",
            // Nothing of Chromium's own in the background: the machine is shared with the other suites.
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio");
        options.AddUserProfilePreference("download.default_directory", downloads);
        options.AddUserProfilePreference("download.prompt_for_download", false);
        options.AddUserProfilePreference("download.directory_upgrade", true);
        var service = ChromeDriverService.CreateDefaultService(System.IO.Path.GetDirectoryName(DriverPath)!, System.IO.Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        return new Chromium(driver, site, ScreenshotFolder(scenario), downloads);
    }

    public void Open(string path) => _driver.Navigate().GoToUrl(new Uri(_site, path));

    public IWebElement Find(By by) => Until(d => d.FindElement(by), $"an element {by}");

    public bool Has(By by) => _driver.FindElements(by).Count > 0;

    public string Text(By by) => Until(d => d.FindElement(by).Text, $"the text of {by}");

    /// <summary>Waits for a condition of the page (null or false: not yet); missing and replaced elements count as not yet.</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what)
    {
        var wait = new WebDriverWait(_driver, Patience) { Message = $"waited {Patience.TotalSeconds:0} s for {what}; the page was {_driver.Url}" };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(condition);
    }

    /// <summary>Waits until the element's text is <paramref name="expected"/>.</summary>
    public void UntilText(By by, string expected) =>
        Until(d => d.FindElement(by).Text.Trim() == expected, $"{by} to read {expected}");

    public void Type(By by, string text)
    {
        var field = Find(by);
        field.Clear();
        field.SendKeys(text);
    }

    public void Click(By by) => Find(by).Click();

    /// <summary>The login form, as a person fills it; waits for the signed-in header.</summary>
    public void LogIn(string user, string password)
    {
        Open("/login");
        Type(By.Id("UserName"), user);
        Type(By.Id("Password"), password);
        Click(By.CssSelector("main form button[type=submit]"));
        Until(d => d.FindElement(By.CssSelector("header form.who span")).Text.StartsWith(user + " (", StringComparison.Ordinal), $"{user} signed in");
    }

    public void LogOut()
    {
        Click(By.CssSelector("header form.who button[type=submit]"));
        Until(d => d.Url.Contains("/login", StringComparison.Ordinal), "the login page after logging out");
    }

    /// <summary>The cells' text of a table's body rows, read in one call to the page (not one round trip per cell).</summary>
    public IReadOnlyList<string[]> Rows(By table)
    {
        var rows = (IEnumerable<object>)_driver.ExecuteScript(
            "return Array.from(arguments[0].tBodies[0].rows, r => Array.from(r.cells, c => c.innerText.trim()));", Find(table))!;
        return [.. rows.Select(r => ((IEnumerable<object>)r).Select(c => (string)c).ToArray())];
    }

    /// <summary>Scrolls the element to the middle of the window, so the next screenshot shows it.</summary>
    public void ScrollTo(By by) => _driver.ExecuteScript("arguments[0].scrollIntoView({block: 'center'});", Find(by));

    /// <summary>Waits for a finished download (Chromium writes `name.crdownload` first, then renames it).</summary>
    public string Downloaded(string fileName)
    {
        var path = System.IO.Path.Combine(Downloads, fileName);
        Until(_ => File.Exists(path) && !File.Exists(path + ".crdownload"), $"the download {fileName} in {Downloads}");
        return path;
    }

    /// <summary>Saves the page as it looks now: NN-step.png, numbered in the order of the scenario.</summary>
    public void Shot(string step)
    {
        _step++;
        var name = $"{_step.ToString("00", CultureInfo.InvariantCulture)}-{step}.png";
        _driver.GetScreenshot().SaveAsFile(System.IO.Path.Combine(_screenshots, name));
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
        Directory.Delete(Downloads, recursive: true);
    }

    /// <summary>artifacts/test-results/screenshots/{scenario} of the repository (scripts/test keeps artifacts/test-results), or MONTHEND_SCREENSHOTS/{scenario}.</summary>
    private static string ScreenshotFolder(string scenario)
    {
        var root = Environment.GetEnvironmentVariable("MONTHEND_SCREENSHOTS") is { Length: > 0 } chosen
            ? chosen
            : System.IO.Path.Combine(Repository(), "artifacts", "test-results", "screenshots");
        var folder = System.IO.Path.Combine(root, scenario);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Directory.CreateDirectory(folder).FullName;
    }

    private static string Repository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "MonthEnd.slnx")))
            {
                return dir.FullName;
            }
        }

        return System.IO.Path.GetTempPath();
    }
}
