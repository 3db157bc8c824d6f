using Grader.TestSupport;

namespace Grader.Server.Tests.Dashboard;

/// <summary>
/// The service with staff accounts: <c>ta-ai</c> (TA of ai6126), <c>prof</c> (instructor of
/// ai6126), <c>ta-rptu</c> (TA of rptu only), password <see cref="SeedStaff.Password"/>.
/// </summary>
public class DashboardFixture : ServerFixture
{
    public const string AiTa = "ta-ai";
    public const string AiInstructor = "prof";
    public const string RptuTa = "ta-rptu";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await SeedStaff.AddAsync(this, "ai6126", AiTa);
        await SeedStaff.AddAsync(this, "ai6126", AiInstructor, "instructor", "Prof. Ada");
        await SeedStaff.AddAsync(this, "rptu", RptuTa);
    }

    public PageClient Pages() => new(BaseAddress);

    /// <summary>A page client signed in as a staff member (password <see cref="SeedStaff.Password"/>).</summary>
    public async Task<PageClient> StaffPagesAsync(string login = AiTa)
    {
        var pages = Pages();
        await pages.SignInStaffAsync(login);
        return pages;
    }

    /// <summary>A page client signed in as the student of <paramref name="token"/>.</summary>
    public async Task<PageClient> StudentPagesAsync(string token)
    {
        var pages = Pages();
        await pages.SignInStudentAsync(token);
        return pages;
    }
}
