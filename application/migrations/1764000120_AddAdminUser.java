import koldy.Db;
import koldy.Migration;

/** Example data migration: values are bound parameters, never pasted into the SQL. */
public class Migration_1764000120_AddAdminUser extends Migration {

    @Override
    public void up() throws Exception {
        Db.query("INSERT INTO users (id, email, name, created_at) VALUES (?, ?, ?, ?)",
                1, "admin@example.com", "Admin", "2025-11-24 00:00:00").exec();
    }

    @Override
    public void down() throws Exception {
        Db.query("DELETE FROM users WHERE email = ?", "admin@example.com").exec();
    }
}
