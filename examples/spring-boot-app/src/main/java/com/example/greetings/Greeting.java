package com.example.greetings;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A row of the table koldy's first migration creates; Hibernate only validates it (ddl-auto=validate). */
@Entity
public class Greeting {

    @Id
    private Long id;

    private String text;

    public Long getId() {
        return id;
    }

    public String getText() {
        return text;
    }
}
