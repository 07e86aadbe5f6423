using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryLogIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_AccountId_Status_Id",
                table: "Deliveries",
                columns: new[] { "AccountId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Deliveries_WebhookId_Status_Id",
                table: "Deliveries",
                columns: new[] { "WebhookId", "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deliveries_AccountId_Status_Id",
                table: "Deliveries");

            migrationBuilder.DropIndex(
                name: "IX_Deliveries_WebhookId_Status_Id",
                table: "Deliveries");
        }
    }
}
