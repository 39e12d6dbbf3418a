import koldy.Db;
import koldy.Migration;

/** Example migration: a table and its index, two statements in one transaction. */
public class Migration_1764000060_CreatePosts extends Migration {

    @Override
    public void up() throws Exception {
        Db.query("CREATE TABLE posts ("
                + "id integer NOT NULL PRIMARY KEY, "
                + "user_id integer NOT NULL, "
                + "title varchar(255) NOT NULL)").exec();
        Db.query("CREATE INDEX posts_user_id ON posts (user_id)").exec();
    }

    @Override
    public void down() throws Exception {
        Db.query("DROP TABLE posts").exec(); // drops its index with it
    }
}
