using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class LogRangesPerStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_AccountId_Id",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_WebhookId_Id",
                table: "Deliveries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_AccountId_Id",
                table: "Deliveries",
                columns: new[] { "AccountId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_WebhookId_Id",
                table: "Deliveries",
                columns: new[] { "WebhookId", "Id" });
        }
    }
}
