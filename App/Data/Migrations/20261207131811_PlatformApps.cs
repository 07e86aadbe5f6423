using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dashboard.Data.Migrations
{
    /// <inheritdoc />
    public partial class PlatformApps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CustomAttributes",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DisplayName",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PlatformFields",
                table: "Accounts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PlatformApps",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousTokenHash = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousTokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TokenCreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformApps", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserNumbers",
                columns: table => new
                {
                    Number = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserNumbers", x => x.Number);
                    table.ForeignKey(
                        name: "FK_UserNumbers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlatformAppAccounts",
                columns: table => new
                {
                    PlatformAppId = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformAppAccounts", x => new { x.PlatformAppId, x.AccountId });
                    table.ForeignKey(
                        name: "FK_PlatformAppAccounts_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlatformAppAccounts_PlatformApps_PlatformAppId",
                        column: x => x.PlatformAppId,
                        principalTable: "PlatformApps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PlatformAppUsers",
                columns: table => new
                {
                    PlatformAppId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlatformAppUsers", x => new { x.PlatformAppId, x.UserId });
                    table.ForeignKey(
                        name: "FK_PlatformAppUsers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PlatformAppUsers_PlatformApps_PlatformAppId",
                        column: x => x.PlatformAppId,
                        principalTable: "PlatformApps",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PlatformAppAccounts_AccountId",
                table: "PlatformAppAccounts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PlatformApps_PreviousTokenHash",
                table: "PlatformApps",
                column: "PreviousTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_PlatformApps_TokenHash",
                table: "PlatformApps",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlatformAppUsers_UserId",
                table: "PlatformAppUsers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_UserNumbers_UserId",
                table: "UserNumbers",
                column: "UserId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlatformAppAccounts");

            migrationBuilder.DropTable(
                name: "PlatformAppUsers");

            migrationBuilder.DropTable(
                name: "UserNumbers");

            migrationBuilder.DropTable(
                name: "PlatformApps");

            migrationBuilder.DropColumn(
                name: "CustomAttributes",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "DisplayName",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "Name",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PlatformFields",
                table: "Accounts");
        }
    }
}
