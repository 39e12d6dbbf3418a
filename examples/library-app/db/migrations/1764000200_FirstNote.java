import koldy.Db;
import koldy.Migration;

/** A Java migration beside the SQL one: compiled at run time (a JDK), into no directory of the application's. */
class Migration_1764000200_FirstNote extends Migration {

    @Override
    public void up() throws Exception {
        Db.insert("notes").set("id", 1).set("body", "written by a Java migration").exec();
    }

    @Override
    public void down() throws Exception {
        Db.delete("notes").where("id = ?", 1).exec();
    }
}
