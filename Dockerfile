# koldy in a container: mount a project's configs/ and application/migrations/, configure the
# connections with KOLDY_* variables, and run any koldy command:
#   docker build -t koldy .
#   docker run --rm -v "$PWD/configs:/app/configs" -v "$PWD/application/migrations:/app/application/migrations" \
#     -e KOLDY_DEFAULT_URL=jdbc:postgresql://db:5432/app -e KOLDY_DEFAULT_USER=app -e KOLDY_DEFAULT_PASSWORD \
#     koldy migrate

# Build stage: the self-contained jar, tests skipped (CI runs them).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY core/pom.xml core/
RUN mvn -B -q -f core/pom.xml dependency:go-offline
COPY core/src core/src
RUN mvn -B -q -f core/pom.xml -DskipTests -Dassembly.skipAssembly=true package

# Run stage: a JDK, not a JRE, because Java migrations are compiled at run time.
FROM eclipse-temurin:17-jdk
RUN useradd --create-home --uid 10001 koldy && mkdir -p /app/storage && chown -R koldy /app
COPY --from=build /src/core/target/koldy.jar /opt/koldy/lib/koldy.jar
COPY koldy /opt/koldy/koldy
COPY docker/entrypoint.sh /opt/koldy/entrypoint.sh
USER koldy
WORKDIR /app
ENV KOLDY_ROOT=/app
ENTRYPOINT ["/opt/koldy/entrypoint.sh"]
CMD ["migrate"]
