using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class DispatchClaimIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Claim",
                table: "Deliveries",
                columns: new[] { "WebhookId", "NextAttemptAt" },
                filter: "Status = 0");

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_Lease",
                table: "Deliveries",
                column: "LeaseExpiresAt",
                filter: "Status = 0 AND LeaseExpiresAt IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Claim",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_Lease",
                table: "Deliveries");
        }
    }
}
