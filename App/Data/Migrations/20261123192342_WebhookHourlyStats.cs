using Microsoft.EntityFrameworkCore.Migrations;
using static Dashboard.Data.HourlyStatsSql;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class WebhookHourlyStats : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Attempts_WebhookId_StartedAt",
                table: "Attempts");

            migrationBuilder.CreateTable(
                name: "WebhookHourlyStats",
                columns: table => new
                {
                    WebhookId = table.Column<int>(type: "INTEGER", nullable: false),
                    HourStart = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyFloorMs = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Succeeded = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookHourlyStats", x => new { x.WebhookId, x.HourStart, x.LatencyFloorMs });
                });

            // Every attempt, however written, counts in its webhook's hour and latency floor (LatencyFloor.Of, spelled in SQL;
            // -1 when there was no HTTP answer), in the transaction that inserts it.
            migrationBuilder.Sql($$"""
                CREATE TRIGGER "TR_Attempts_WebhookHourlyStats" AFTER INSERT ON "Attempts"
                BEGIN
                  INSERT INTO "WebhookHourlyStats" ("WebhookId", "HourStart", "LatencyFloorMs", "AccountId", "Attempts", "Succeeded")
                  VALUES (NEW."WebhookId", {{HourOf("NEW.\"StartedAt\"")}}, {{FloorOf("NEW.\"ResponseStatus\"", "NEW.\"DurationMs\"")}}, NEW."AccountId", 1, NEW."Succeeded")
                  ON CONFLICT ("WebhookId", "HourStart", "LatencyFloorMs")
                  DO UPDATE SET "Attempts" = "Attempts" + 1, "Succeeded" = "Succeeded" + excluded."Succeeded";
                END;
                """);

            // The attempts already stored (the page shows 7 days; retention keeps 30).
            migrationBuilder.Sql($$"""
                INSERT INTO "WebhookHourlyStats" ("WebhookId", "HourStart", "LatencyFloorMs", "AccountId", "Attempts", "Succeeded")
                SELECT "WebhookId", {{HourOf("\"StartedAt\"")}}, {{FloorOf("\"ResponseStatus\"", "\"DurationMs\"")}}, MIN("AccountId"), COUNT(*), SUM("Succeeded")
                FROM "Attempts" GROUP BY 1, 2, 3;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER \"TR_Attempts_WebhookHourlyStats\";");
            migrationBuilder.DropTable(
                name: "WebhookHourlyStats");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_WebhookId_StartedAt",
                table: "Attempts",
                columns: new[] { "WebhookId", "StartedAt" });
        }
    }
}
