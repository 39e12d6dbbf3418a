import koldy.Db;
import koldy.Migration;

/** Example migration: the users table. Portable SQL, so it runs on SQLite, PostgreSQL and MySQL. */
public class Migration_1764000000_CreateUsers extends Migration {

    @Override
    public void up() throws Exception {
        Db.query("CREATE TABLE users ("
                + "id integer NOT NULL PRIMARY KEY, "
                + "email varchar(255) NOT NULL, "
                + "name varchar(255) NOT NULL, "
                + "created_at varchar(19) NOT NULL)").exec();
    }

    @Override
    public void down() throws Exception {
        Db.query("DROP TABLE users").exec();
    }
}
