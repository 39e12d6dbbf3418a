import koldy.Db;
import koldy.Migration;

class Migration_1764000200_WelcomeGreeting extends Migration {
    @Override
    public void up() throws Exception {
        Db.insert("greeting").set("id", 1).set("text", "Hello from a Java migration").exec();
    }

    @Override
    public void down() throws Exception {
        Db.delete("greeting").where("id = ?", 1).exec();
    }
}
