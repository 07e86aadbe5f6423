using Dashboard.Data;
using Microsoft.EntityFrameworkCore;

namespace Dashboard.Platform;

/// <summary>Users' numbers in the platform's shapes (<see cref="UserNumber"/>): given on first use, never reused.</summary>
public sealed class UserNumbers(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<int> NumberOfAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.UserNumbers.Where(n => n.UserId == userId).Select(n => (int?)n.Number).FirstOrDefaultAsync(ct) is { } number) return number;
        var row = new UserNumber { UserId = userId };
        db.UserNumbers.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
            return row.Number;
        }
        catch (DbUpdateException) // another request numbered this user first
        {
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await again.UserNumbers.Where(n => n.UserId == userId).Select(n => n.Number).FirstAsync(ct);
        }
    }

    public async Task<IReadOnlyDictionary<string, int>> NumbersOfAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default)
    {
        var numbers = new Dictionary<string, int>();
        foreach (var id in userIds.Distinct()) numbers[id] = await NumberOfAsync(id, ct);
        return numbers;
    }

    public async Task<string?> UserIdOfAsync(int number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UserNumbers.Where(n => n.Number == number).Select(n => n.UserId).FirstOrDefaultAsync(ct);
    }
}
