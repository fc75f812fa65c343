# syntax=docker/dockerfile:1
# One image per service, all built from one Maven build of the whole suite:
#   docker build --target saver-service -t msgsuite/saver-service .
# (docker compose builds every target; see docker-compose.yml)

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
# The cache mount keeps ~/.m2 between builds, so only the first one downloads dependencies.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests package \
 && for service in bus-server talker-service compute-node saver-service mailbin-service tuple-space-service; do \
      java -Djarmode=tools -jar "$service/target/$service.jar" extract --layers --destination "/layers/$service"; \
    done \
 && java -Djarmode=tools -jar mailbin-producer/target/mailbin-producer.jar extract --layers --destination /layers/mailbin-producer

FROM eclipse-temurin:25-jre AS runtime
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --home-dir /app app \
 && mkdir -p /app/data && chown app:app /app/data
WORKDIR /app
USER 10001:10001
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# Answers 0 when the service's readiness probe answers 200; no curl needed in the image.
COPY --chmod=0755 scripts/container-readyz.sh /usr/local/bin/readyz

FROM runtime AS bus-server
COPY --from=build /layers/bus-server/dependencies/ ./
COPY --from=build /layers/bus-server/spring-boot-loader/ ./
COPY --from=build /layers/bus-server/snapshot-dependencies/ ./
COPY --from=build /layers/bus-server/application/ ./
ENV SERVER_PORT=8081
EXPOSE 8081
ENTRYPOINT ["java", "-jar", "bus-server.jar"]

FROM runtime AS talker-service
COPY --from=build /layers/talker-service/dependencies/ ./
COPY --from=build /layers/talker-service/spring-boot-loader/ ./
COPY --from=build /layers/talker-service/snapshot-dependencies/ ./
COPY --from=build /layers/talker-service/application/ ./
ENV SERVER_PORT=8082
EXPOSE 8082 8889
ENTRYPOINT ["java", "-jar", "talker-service.jar"]

FROM runtime AS compute-node
COPY --from=build /layers/compute-node/dependencies/ ./
COPY --from=build /layers/compute-node/spring-boot-loader/ ./
COPY --from=build /layers/compute-node/snapshot-dependencies/ ./
COPY --from=build /layers/compute-node/application/ ./
ENV SERVER_PORT=8083
EXPOSE 8083
ENTRYPOINT ["java", "-jar", "compute-node.jar"]

FROM runtime AS saver-service
COPY --from=build /layers/saver-service/dependencies/ ./
COPY --from=build /layers/saver-service/spring-boot-loader/ ./
COPY --from=build /layers/saver-service/snapshot-dependencies/ ./
COPY --from=build /layers/saver-service/application/ ./
ENV SERVER_PORT=8084
EXPOSE 8084
ENTRYPOINT ["java", "-jar", "saver-service.jar"]

FROM runtime AS mailbin-service
COPY --from=build /layers/mailbin-service/dependencies/ ./
COPY --from=build /layers/mailbin-service/spring-boot-loader/ ./
COPY --from=build /layers/mailbin-service/snapshot-dependencies/ ./
COPY --from=build /layers/mailbin-service/application/ ./
ENV SERVER_PORT=8085
EXPOSE 8085
ENTRYPOINT ["java", "-jar", "mailbin-service.jar"]

# Fake-form producers: no HTTP port; generated submissions straight into mailbin's Kafka topic.
FROM runtime AS mailbin-producer
COPY --from=build /layers/mailbin-producer/dependencies/ ./
COPY --from=build /layers/mailbin-producer/spring-boot-loader/ ./
COPY --from=build /layers/mailbin-producer/snapshot-dependencies/ ./
COPY --from=build /layers/mailbin-producer/application/ ./
ENTRYPOINT ["java", "-jar", "mailbin-producer.jar"]

FROM runtime AS tuple-space-service
COPY --from=build /layers/tuple-space-service/dependencies/ ./
COPY --from=build /layers/tuple-space-service/spring-boot-loader/ ./
COPY --from=build /layers/tuple-space-service/snapshot-dependencies/ ./
COPY --from=build /layers/tuple-space-service/application/ ./
ENV SERVER_PORT=8086
EXPOSE 8086
ENTRYPOINT ["java", "-jar", "tuple-space-service.jar"]
