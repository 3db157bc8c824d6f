using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Grader.Data;

/// <summary>
/// Maps PascalCase classes and properties to the snake_case tables and columns of the SQL
/// scripts, and lets the database fill <c>created_at</c> (a <c>DEFAULT now()</c> column).
/// </summary>
internal static class SnakeCaseNames
{
    public static void Apply(ModelBuilder model)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table) entity.SetTableName(ToSnake(table));
            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(ToSnake(property.Name));
                if (property.Name == "CreatedAt") property.SetDefaultValueSql("now()");
            }
        }
    }

    public static string ToSnake(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1])) builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
