import koldy.Db;
import koldy.Migration;

class Migration_1764000200_SeedAccounts extends Migration {
    @Override
    public void up() throws Exception {
        Db.insert("accounts").set("id", 1).set("name", "Ann").exec();
    }

    @Override
    public void down() throws Exception {
        Db.delete("accounts").where("id = ?", 1).exec();
    }
}
