package com.example.greetings;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GreetingController {

    private final GreetingRepository greetings;
    private final JdbcTemplate jdbc;

    public GreetingController(GreetingRepository greetings, JdbcTemplate jdbc) {
        this.greetings = greetings;
        this.jdbc = jdbc;
    }

    /** Read through JPA: the row the Java migration inserted. */
    @GetMapping("/greetings")
    public List<String> greetings() {
        return greetings.findAll().stream().map(Greeting::getText).toList();
    }

    /** Read through JdbcTemplate: how many migrations the history holds. */
    @GetMapping("/migrations/count")
    public Integer migrations() {
        return jdbc.queryForObject("SELECT count(*) FROM koldy_migration", Integer.class);
    }
}
