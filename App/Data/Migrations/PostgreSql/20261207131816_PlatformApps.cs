using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Dashboard.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class PlatformApps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "customattributes",
                table: "aspnetusers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "displayname",
                table: "aspnetusers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name",
                table: "aspnetusers",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "platformfields",
                table: "accounts",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "platformapps",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    tokenhash = table.Column<string>(type: "text", nullable: false),
                    previoustokenhash = table.Column<string>(type: "text", nullable: true),
                    previoustokenexpiresat = table.Column<long>(type: "bigint", nullable: true),
                    createdat = table.Column<long>(type: "bigint", nullable: false),
                    tokencreatedat = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platformapps", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "usernumbers",
                columns: table => new
                {
                    number = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    userid = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usernumbers", x => x.number);
                    table.ForeignKey(
                        name: "FK_usernumbers_aspnetusers_userid",
                        column: x => x.userid,
                        principalTable: "aspnetusers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platformappaccounts",
                columns: table => new
                {
                    platformappid = table.Column<int>(type: "integer", nullable: false),
                    accountid = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platformappaccounts", x => new { x.platformappid, x.accountid });
                    table.ForeignKey(
                        name: "FK_platformappaccounts_accounts_accountid",
                        column: x => x.accountid,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_platformappaccounts_platformapps_platformappid",
                        column: x => x.platformappid,
                        principalTable: "platformapps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "platformappusers",
                columns: table => new
                {
                    platformappid = table.Column<int>(type: "integer", nullable: false),
                    userid = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_platformappusers", x => new { x.platformappid, x.userid });
                    table.ForeignKey(
                        name: "FK_platformappusers_aspnetusers_userid",
                        column: x => x.userid,
                        principalTable: "aspnetusers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_platformappusers_platformapps_platformappid",
                        column: x => x.platformappid,
                        principalTable: "platformapps",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_platformappaccounts_accountid",
                table: "platformappaccounts",
                column: "accountid");

            migrationBuilder.CreateIndex(
                name: "IX_platformapps_previoustokenhash",
                table: "platformapps",
                column: "previoustokenhash");

            migrationBuilder.CreateIndex(
                name: "IX_platformapps_tokenhash",
                table: "platformapps",
                column: "tokenhash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_platformappusers_userid",
                table: "platformappusers",
                column: "userid");

            migrationBuilder.CreateIndex(
                name: "IX_usernumbers_userid",
                table: "usernumbers",
                column: "userid",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "platformappaccounts");

            migrationBuilder.DropTable(
                name: "platformappusers");

            migrationBuilder.DropTable(
                name: "usernumbers");

            migrationBuilder.DropTable(
                name: "platformapps");

            migrationBuilder.DropColumn(
                name: "customattributes",
                table: "aspnetusers");

            migrationBuilder.DropColumn(
                name: "displayname",
                table: "aspnetusers");

            migrationBuilder.DropColumn(
                name: "name",
                table: "aspnetusers");

            migrationBuilder.DropColumn(
                name: "platformfields",
                table: "accounts");
        }
    }
}
